import { signingKeyFromSecret } from '@hcv/platform-access';
import { loadOqsBridgeConfig } from './oqs-bridge.config';

const SECRET = 'test-device-secret-of-at-least-32-characters';
const minimal = {
  OQS_INSTITUTION_NUMBER: '3410712362',
  PLATFORM_URL: 'https://lookup.example.jp/',
  BRIDGE_DEVICE_ID: 'bridge-1',
  BRIDGE_DEVICE_SECRET: SECRET,
};

describe('oqs-bridge configuration', () => {
  it("defaults to the terminal's own folders, a 30 s timeout, Shift_JIS requests and space padding", () => {
    expect(loadOqsBridgeConfig(minimal)).toEqual({
      terminal: {
        reqDir: 'C:\\OQS\\Req',
        resDir: 'C:\\OQS\\Res',
        archiveDir: undefined,
        institutionNumber: '3410712362',
        timeoutMillis: 30_000,
        pollMillis: 500,
        encoding: 'shift_jis',
        insurerPadding: 'space',
        fileIdPrefix: '',
      },
      platform: {
        baseUrl: 'https://lookup.example.jp',
        timeoutMillis: 10_000,
        fetchIntervalMillis: 2_000,
        deviceId: 'bridge-1',
        signingKey: signingKeyFromSecret(SECRET),
      },
    });
  });

  it('takes any folder and the [W]/[U] facts as settings', () => {
    const config = loadOqsBridgeConfig({
      ...minimal,
      OQS_REQ_DIR: '/mnt/oqs/Req',
      OQS_RES_DIR: '/mnt/oqs/Res',
      OQS_ARCHIVE_DIR: '/var/lib/oqs-bridge/archive',
      OQS_RESPONSE_TIMEOUT_MS: '15000',
      OQS_REQUEST_ENCODING: 'utf-8',
      OQS_INSURER_PADDING: 'zero',
      OQS_FILE_ID_PREFIX: 'B2',
      OQS_POLL_MS: '',
    });
    expect(config.terminal).toMatchObject({
      reqDir: '/mnt/oqs/Req',
      archiveDir: '/var/lib/oqs-bridge/archive',
      timeoutMillis: 15_000,
      pollMillis: 500,
      encoding: 'utf-8',
      insurerPadding: 'zero',
      fileIdPrefix: 'B2',
    });
  });

  it('names the variable at fault', () => {
    expect(() => loadOqsBridgeConfig({ ...minimal, OQS_INSTITUTION_NUMBER: '341071236' })).toThrow(/OQS_INSTITUTION_NUMBER/);
    expect(() => loadOqsBridgeConfig({ ...minimal, OQS_RESPONSE_TIMEOUT_MS: 'soon' })).toThrow(/OQS_RESPONSE_TIMEOUT_MS/);
    expect(() => loadOqsBridgeConfig({ ...minimal, OQS_REQUEST_ENCODING: 'euc-jp' })).toThrow(/OQS_REQUEST_ENCODING/);
    expect(() => loadOqsBridgeConfig({ ...minimal, PLATFORM_URL: 'ftp://x' })).toThrow(/PLATFORM_URL/);
    expect(() => loadOqsBridgeConfig({ ...minimal, BRIDGE_DEVICE_SECRET: undefined })).toThrow(/BRIDGE_DEVICE_SECRET/);
  });

  it('in production wants https (except on loopback) and a long secret', () => {
    expect(() => loadOqsBridgeConfig({ ...minimal, NODE_ENV: 'production', PLATFORM_URL: 'http://lookup.example.jp' })).toThrow(/https/);
    expect(loadOqsBridgeConfig({ ...minimal, NODE_ENV: 'production', PLATFORM_URL: 'http://127.0.0.1:3003' }).platform.baseUrl).toBe(
      'http://127.0.0.1:3003',
    );
    expect(() => loadOqsBridgeConfig({ ...minimal, NODE_ENV: 'production', BRIDGE_DEVICE_SECRET: 'short' })).toThrow(/at least 32/);
  });
});
