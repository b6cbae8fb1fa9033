-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_DATEADD_function.html
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_DATEDIFF_function.html
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_ADD_MONTHS.html
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_MONTHS_BETWEEN_function.html
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_LEN.html
-- doc: https://docs.aws.amazon.com/redshift/latest/dg/r_CHARINDEX.html
-- The documentation's example calls, written as Redshift takes them (date parts unquoted and abbreviated, string
-- literals where a date is meant): `starshift run` translates them to the starshift_redshift functions, which give
-- the results the pages state. CREATE TABLE … AS keeps each result for the check below.
-- expect rows: SELECT * FROM date_results
-- | 2009-08-28 00:00:00 | 2008-02-28 00:30:00 | 52 | 53 | 2008-04-30 00:00:00 | 2008-05-31 00:00:00 | -2
-- expect rows: SELECT * FROM string_results
-- | 8 | 6 | 0 | 4
create table date_results as
select dateadd(month, 18, '2008-02-28') as months_18,
       dateadd(m, 30, '2008-02-28') as minutes_30,
       datediff(week, '2009-01-01', '2009-12-31') as numweeks,
       datediff(hour, '2023-01-01', '2023-01-03 05:04:03') as hours,
       add_months('2008-03-31', 1) as end_of_april,
       add_months('2008-04-30', 1) as end_of_may,
       months_between('1969-01-18', '1969-03-18') as months;

create table string_results as
select len('français') as len_fr,
       len('cat   ') as len_cat,
       charindex('dog', 'fish') as no_dog,
       charindex('fish', 'dogfish') as fish_at;
