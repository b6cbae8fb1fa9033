-- error: starshift.model.multiple_distkeys @+2
CREATE TABLE two_distkeys (
  a INTEGER DISTKEY,
  b INTEGER DISTKEY
);
