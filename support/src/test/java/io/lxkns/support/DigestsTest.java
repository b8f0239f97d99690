package io.lxkns.support;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DigestsTest {
    @Test
    void sha256OfKnownText() {
        // The SHA-256 of "abc" from FIPS 180-2, appendix B.1.
        assertThat(Digests.sha256Hex("abc", 32))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digests.sha256Hex("abc", 8)).isEqualTo("ba7816bf8f01cfea");
    }
}
