-- The round trip's first UNLOAD target again, without ALLOWOVERWRITE: "By default, UNLOAD fails if it finds files
-- that it would possibly overwrite" (https://docs.aws.amazon.com/redshift/latest/dg/r_UNLOAD.html).
UNLOAD ('select 1 as x') TO 's3://unload-bucket/text/venue_' IAM_ROLE 'arn:aws:iam::0123456789012:role/MyRedshiftRole';
