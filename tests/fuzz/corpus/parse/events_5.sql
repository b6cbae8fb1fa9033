-- expect: table=events.errors columns=5 backup=no diststyle=even encode.message=LZO type.message=VARCHAR(65535)
create table events.errors (
  error_time timestamp not null encode delta32k,
  service varchar(64) encode runlength,
  level char(5) encode bytedict,
  code int encode mostly16,
  message varchar(65535) encode lzo
) backup no diststyle even;
