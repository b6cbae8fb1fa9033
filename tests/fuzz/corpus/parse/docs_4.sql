-- expect: table=docs.t_even diststyle=even distkey=none
create table docs.t_even (col1 int, col2 int) diststyle even;
