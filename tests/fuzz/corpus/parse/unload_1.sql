unload ('select venueid, venuename from venue') to 's3://mybucket/venue_fw_' access_key_id 'AKID' secret_access_key 'S' fixedwidth as 'venueid:3,venuename:39' null as 'x' zstd cleanpath extension 'txt.zst';
unload ('select 1') to 's3://b/j_' iam_role 'arn:aws:iam::1:role/r' format as json region 'us-west-2' parallel on;
