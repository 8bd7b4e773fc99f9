/**
 * Checked against published AWS test vectors (no S3 server runs here): the "GET Object" example of the
 * S3 SigV4 documentation (Authenticating Requests: Using the Authorization Header, examplebucket) and
 * `get-vanilla` of the AWS Signature Version 4 test suite.
 */
import { describe, expect, it } from 'vitest';
import { EMPTY_SHA256, sha256Hex, signAwsV4, uriEncode } from './sign-aws-v4';

describe('signAwsV4', () => {
  it('matches the S3 documentation GET Object example', () => {
    const signed = signAwsV4(
      {
        method: 'GET',
        url: 'https://examplebucket.s3.amazonaws.com/test.txt',
        headers: { Range: 'bytes=0-9', 'x-amz-content-sha256': EMPTY_SHA256 },
        payloadHash: EMPTY_SHA256,
      },
      { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
      { region: 'us-east-1', service: 's3', date: new Date('2013-05-24T00:00:00Z') },
    );
    expect(sha256Hex(signed.canonicalRequest)).toBe(
      '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    );
    expect(signed.signature).toBe('f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41');
    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
  });

  it('matches get-vanilla of the SigV4 test suite', () => {
    const signed = signAwsV4(
      { method: 'GET', url: 'https://example.amazonaws.com/', headers: {}, payloadHash: EMPTY_SHA256 },
      { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' },
      { region: 'us-east-1', service: 'service', date: new Date('2015-08-30T12:36:00Z') },
    );
    expect(signed.signature).toBe('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31');
  });

  it('encodes query parameters the SigV4 way, sorted', () => {
    const signed = signAwsV4(
      {
        method: 'GET',
        url: 'https://h.example/b?z=1&a=x y&list-type=2',
        headers: {},
        payloadHash: EMPTY_SHA256,
      },
      { accessKeyId: 'A', secretAccessKey: 'S' },
      { region: 'r', service: 's3', date: new Date('2021-08-16T14:00:00Z') },
    );
    expect(signed.canonicalRequest.split('\n')[2]).toBe('a=x%20y&list-type=2&z=1');
    expect(uriEncode("a!b'c(d)*")).toBe('a%21b%27c%28d%29%2A');
  });
});
