import { AuthConfig } from '../auth.config';
import { SigningKeyService, SigningKeyMissingError } from '../keys/signing-key.service';
import { NhsAccessTokenService } from './nhs-access-token.service';

/** Misconfiguration is reported before any call is made (the token URL here is unreachable on purpose). */
describe('NhsAccessTokenService configuration errors', () => {
  const cfg = (over: Partial<AuthConfig>) => Object.assign(new AuthConfig(), { NHS_TOKEN_URL: 'http://127.0.0.1:9/oauth2/token', ...over });

  it('refuses to request a token without NHS_API_KEY', async () => {
    const c = cfg({ NHS_API_KEY: '' });
    const svc = new NhsAccessTokenService(c, new SigningKeyService(c));
    await expect(svc.accessToken()).rejects.toMatchObject({ error: 'configuration', description: 'NHS_API_KEY is not set' });
    await svc.onApplicationShutdown();
  });

  it('refuses to request a token without a signing key, and publishes an empty JWKS', async () => {
    const c = cfg({ NHS_API_KEY: 'k', NHS_PRIVATE_KEY: '', NHS_PRIVATE_KEY_FILE: '' });
    const keys = new SigningKeyService(c);
    const svc = new NhsAccessTokenService(c, keys);
    await expect(svc.accessToken()).rejects.toBeInstanceOf(SigningKeyMissingError);
    expect(keys.jwks()).toEqual({ keys: [] });
    await svc.onApplicationShutdown();
  });
});
