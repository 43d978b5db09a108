package org.alterna.portability;

/** Signs a manifest: the installation's Ed25519 key in production. */
public interface Signer {
    /** The Ed25519 signature of {@code data}. */
    byte[] sign(byte[] data);

    /** The public key, PEM. */
    String publicKeyPem();

    /** A short name of the public key. */
    String keyId();

    static Signer of(org.alterna.audit.InstallationKey key) {
        return new Signer() {
            @Override
            public byte[] sign(byte[] data) {
                return key.sign(data);
            }

            @Override
            public String publicKeyPem() {
                return key.publicKeyPem();
            }

            @Override
            public String keyId() {
                return key.keyId();
            }
        };
    }
}
