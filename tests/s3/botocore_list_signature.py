#!/usr/bin/env python3
"""Prints the SigV4 signature botocore computes for s3_store's ListObjectsV2 request (unit test reference).
Usage: botocore_list_signature.py HOST PREFIX   (AWS example credentials, date 20130524T000000Z, us-east-1)."""
import sys
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
host, prefix = sys.argv[1], sys.argv[2]
req = AWSRequest(method='GET', url='http://%s/' % host,
                 params={'list-type': '2', 'max-keys': '1000', 'prefix': prefix},
                 headers={'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
                          'X-Amz-Date': '20130524T000000Z'})
req.context['timestamp'] = '20130524T000000Z'
auth = S3SigV4Auth(Credentials('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 's3', 'us-east-1')
cr = auth.canonical_request(req)
sts = auth.string_to_sign(req, cr)
print(auth.signature(sts, req))
