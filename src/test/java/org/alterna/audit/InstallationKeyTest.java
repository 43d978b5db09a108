package org.alterna.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallationKeyTest {

    @Test
    void signaturesVerifyWithThePublishedKeyAndTheKeySurvivesARestart(@TempDir Path dir) throws Exception {
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        InstallationKey first = new InstallationKey(dir);
        byte[] signature = first.sign(data);

        InstallationKey restarted = new InstallationKey(dir);
        assertThat(restarted.keyId()).isEqualTo(first.keyId());
        assertThat(InstallationKey.verify(InstallationKey.parsePublicKey(restarted.publicKeyPem()), data, signature))
                .isTrue();
        assertThat(Files.getPosixFilePermissions(dir.resolve(InstallationKey.PRIVATE_FILE)))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void anAlteredMessageOrAnotherKeyDoesNotVerify(@TempDir Path a, @TempDir Path b) {
        byte[] data = "manifest".getBytes(StandardCharsets.UTF_8);
        InstallationKey ours = new InstallationKey(a);
        InstallationKey theirs = new InstallationKey(b);
        byte[] signature = ours.sign(data);
        byte[] altered = data.clone();
        altered[0] ^= 1;

        assertThat(InstallationKey.verify(ours.publicKey(), altered, signature)).isFalse();
        assertThat(InstallationKey.verify(theirs.publicKey(), data, signature)).isFalse();
        assertThat(InstallationKey.verify(ours.publicKey(), data, new byte[3])).isFalse();
        assertThat(theirs.keyId()).isNotEqualTo(ours.keyId());
        assertThatThrownBy(() -> InstallationKey.parsePublicKey("not a key"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
