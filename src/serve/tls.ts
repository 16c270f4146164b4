/**
 * A private CA and a serving certificate for `kubedrill serve --address` (anything beyond
 * loopback is served over TLS only). Keys come from Node's crypto (native, fast); node-forge
 * builds and signs the X.509 certificates. Nothing is written to disk but the kubeconfig.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import forge from 'node-forge';

export interface ServingCerts {
  /** PEM of the CA certificate clients trust (kubeconfig certificate-authority-data). */
  caCert: string;
  cert: string;
  key: string;
}

function keyPair(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    privatePem: privateKey.export({ type: 'pkcs1', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

function serial(): string {
  // Positive: the top bit clear.
  return (crypto.randomBytes(16)[0]! & 0x7f).toString(16).padStart(2, '0') + crypto.randomBytes(15).toString('hex');
}

function isIp(h: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(h) || h.includes(':');
}

/** A CA and a certificate for the given hosts (names and IPs), valid for a year from now. */
export function generateCerts(hosts: string[], now = new Date()): ServingCerts {
  const ca = keyPair();
  const caKey = forge.pki.privateKeyFromPem(ca.privatePem);
  const caCert = forge.pki.createCertificate();
  caCert.publicKey = forge.pki.publicKeyFromPem(ca.publicPem);
  caCert.serialNumber = serial();
  caCert.validity.notBefore = new Date(now.getTime() - 60_000);
  caCert.validity.notAfter = new Date(now.getTime() + 365 * 86_400_000);
  const caName = [{ name: 'commonName', value: 'kubedrill-ca' }];
  caCert.setSubject(caName);
  caCert.setIssuer(caName);
  caCert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, digitalSignature: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  caCert.sign(caKey, forge.md.sha256.create());

  const leaf = keyPair();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(leaf.publicPem);
  cert.serialNumber = serial();
  cert.validity.notBefore = caCert.validity.notBefore;
  cert.validity.notAfter = caCert.validity.notAfter;
  cert.setSubject([{ name: 'commonName', value: 'kube-apiserver' }]);
  cert.setIssuer(caName);
  const names = new Set(['localhost', 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local', '127.0.0.1', '::1', os.hostname(), ...hosts]);
  cert.setExtensions([
    { name: 'basicConstraints', cA: false },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [...names].filter((h) => h && h !== '0.0.0.0' && h !== '::').map((h) => (isIp(h) ? { type: 7, ip: h } : { type: 2, value: h })) },
  ]);
  cert.sign(caKey, forge.md.sha256.create());
  return { caCert: forge.pki.certificateToPem(caCert), cert: forge.pki.certificateToPem(cert), key: leaf.privatePem };
}
