-- error: starshift.model.encoding_invalid_for_type @+1
CREATE TABLE wrong_mostly (
  small SMALLINT ENCODE MOSTLY16
);
