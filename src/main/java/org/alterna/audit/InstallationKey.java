package org.alterna.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.stereotype.Component;

/**
 * The installation's Ed25519 signing key (the JDK's own implementation): it signs evidence packages and the anchors of
 * the audit chain, so that anyone holding the public key can check them. The key lives in files outside the database
 * ({@code alterna.signing.key-dir}): someone who can rewrite the database cannot re-sign what they rewrote. It is
 * created on first use; the private key file is readable by its owner only.
 */
@Component
@EnableConfigurationProperties(InstallationKey.Settings.class)
public class InstallationKey {
    static final String PRIVATE_FILE = "installation-ed25519.key";
    static final String PUBLIC_FILE = "installation-ed25519.pub";

    private final Path dir;
    private volatile KeyPair keys;

    /** The key in {@code dir} (created there on first use). */
    public InstallationKey(Path dir) {
        this.dir = dir;
    }

    @Autowired
    InstallationKey(Settings settings) {
        this(Path.of(settings.keyDir()));
    }

    /** @param keyDir {@code alterna.signing.key-dir}: the directory of the key files, outside the database */
    @ConfigurationProperties("alterna.signing")
    record Settings(@DefaultValue("./data/keys") String keyDir) {
        Settings {
            if (keyDir.isBlank()) {
                throw new IllegalArgumentException("alterna.signing.key-dir must name a directory");
            }
        }
    }

    /** The directory holding the key files. */
    public Path directory() {
        return dir;
    }

    /** Signs {@code data} with the installation's private key (64-byte Ed25519 signature). */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(keys().getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the installation key", e);
        }
    }

    /** The signature of {@code data}, Base64. */
    public String signBase64(byte[] data) {
        return Base64.getEncoder().encodeToString(sign(data));
    }

    public PublicKey publicKey() {
        return keys().getPublic();
    }

    /** The public key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo). */
    public String publicKeyPem() {
        return pem("PUBLIC KEY", publicKey().getEncoded());
    }

    /** A short, stable name of the public key: the first 16 hex digits of the SHA-256 of its X.509 encoding. */
    public String keyId() {
        return keyId(publicKey());
    }

    public static String keyId(PublicKey key) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is {@code key}'s Ed25519 signature of {@code data}; false for any malformed input. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** Reads a public key written by {@link #publicKeyPem()} (or bare Base64 of its X.509 encoding). */
    public static PublicKey parsePublicKey(String pemOrBase64) {
        String body = pemOrBase64.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(
                    Base64.getDecoder().decode(body)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("not an Ed25519 public key", e);
        }
    }

    private KeyPair keys() {
        KeyPair k = keys;
        if (k == null) {
            synchronized (this) {
                if (keys == null) {
                    keys = loadOrCreate();
                }
                k = keys;
            }
        }
        return k;
    }

    private KeyPair loadOrCreate() {
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        try {
            KeyFactory factory = KeyFactory.getInstance("Ed25519");
            if (Files.exists(priv) && Files.exists(pub)) {
                PrivateKey p = factory.generatePrivate(new PKCS8EncodedKeySpec(unpem(Files.readString(priv))));
                PublicKey q = factory.generatePublic(new X509EncodedKeySpec(unpem(Files.readString(pub))));
                return new KeyPair(q, p);
            }
            Files.createDirectories(dir);
            KeyPair created = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path tmp = Files.createTempFile(dir, "key", ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own permissions protect the key on file systems without POSIX modes
            }
            Files.writeString(tmp, pem("PRIVATE KEY", created.getPrivate().getEncoded()), StandardOpenOption.SYNC);
            Files.writeString(pub, pem("PUBLIC KEY", created.getPublic().getEncoded()), StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.SYNC);
            Files.move(tmp, priv, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return created;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the installation key in " + dir, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the installation key in " + dir + " is not an Ed25519 key", e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static byte[] unpem(String pem) {
        return Base64.getDecoder().decode(pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
    }
}
