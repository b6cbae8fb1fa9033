#!/usr/bin/env python3
"""Prints the SigV4 signature botocore computes for one request (unit test reference for s3_store's writes).
Usage: botocore_signature.py METHOD URL [NAME:VALUE]...   (the headers the request signed; AWS example credentials,
date 20130524T000000Z, us-east-1). The payload hash is the x-amz-content-sha256 header's value."""
import sys
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials
method, url = sys.argv[1], sys.argv[2]
headers = dict(h.split(':', 1) for h in sys.argv[3:])
req = AWSRequest(method=method, url=url, headers=headers)
req.context['timestamp'] = '20130524T000000Z'
if headers.get('x-amz-content-sha256') == 'UNSIGNED-PAYLOAD':
    class _Config:  # botocore's switch for an unsigned payload (what the header declares)
        s3 = {'payload_signing_enabled': False}
    req.context['client_config'] = _Config()
auth = S3SigV4Auth(Credentials('AKIAIOSFODNN7EXAMPLE', 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'), 's3', 'us-east-1')
cr = auth.canonical_request(req)
sts = auth.string_to_sign(req, cr)
print(auth.signature(sts, req))
