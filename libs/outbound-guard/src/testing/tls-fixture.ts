/**
 * A self-signed certificate for "localhost" (EC P-256, valid 100 years), for the int tests of
 * TLS through a pinned address: SNI and the certificate check must use the URL's host name,
 * not the address connected to. Test-only; the key protects nothing. Made with
 * `openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 36500
 * -subj /CN=localhost -addext subjectAltName=DNS:localhost`.
 */
export const LOCALHOST_CERT = `-----BEGIN CERTIFICATE-----
MIIBljCCATugAwIBAgIUXmOgXJ4G3alU+LeDsHNb7BDk/MUwCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTIwNDE5MTA0NFoYDzIxMjYxMTEw
MTkxMDQ0WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAARTxPJpHmVv12MH05KtPwNwDZVdbPDoMgFCptO1UT9HvdXhgD98B9JU
e/EisoPneh2jsG2dz2PBsMFNhh2L2Mbio2kwZzAdBgNVHQ4EFgQUaQMu1rBlQyCk
13OTjBv/T2mY8vQwHwYDVR0jBBgwFoAUaQMu1rBlQyCk13OTjBv/T2mY8vQwDwYD
VR0TAQH/BAUwAwEB/zAUBgNVHREEDTALgglsb2NhbGhvc3QwCgYIKoZIzj0EAwID
SQAwRgIhAM7ioQoCdwpn3HoZbXNKZ0K45za98nPBfE6rC74NGoNaAiEAzpwAM78j
6zImbt6En/BUceZqd+UH9Jh1xWQwh7gOB30=
-----END CERTIFICATE-----
`;

export const LOCALHOST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgKkhpN2eq0Z+dSWTo
C6/miQ4AngNp4jpQkrkTiaoKJaehRANCAARTxPJpHmVv12MH05KtPwNwDZVdbPDo
MgFCptO1UT9HvdXhgD98B9JUe/EisoPneh2jsG2dz2PBsMFNhh2L2Mbi
-----END PRIVATE KEY-----
`;
