-- error: starshift.model.encoding_invalid_for_type @+0
CREATE TABLE wrong_encoding_text (id INTEGER ENCODE TEXT255);
