export { DEVICE_HEADERS, REPLAY_WINDOW_MILLIS, newDeviceSecret, signingKeyFromSecret, signRequest, signature } from './device-signature';
export { authenticateDevice, InMemoryNonceStore, type DeviceCredentialView, type NonceStore } from './device-authenticator';
