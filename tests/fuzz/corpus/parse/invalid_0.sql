-- Statements starshift check must report, each with the id and line (relative to the statement's first line).

-- error: starshift.model.encoding_invalid_for_type @+2
CREATE TABLE wrong_encoding (
  id INTEGER ENCODE AZ64,
  active BOOLEAN ENCODE DELTA
);
