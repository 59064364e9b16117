package dev.edgeperf.examples.sermon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.edgeperf.examples.sermon.s3.S3Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigTest {
    private static String error(Map<String, String> env, String... args) {
        return assertThrows(ConfigException.class, () -> Config.parse(env, args)).getMessage();
    }

    @Test
    void defaultsMatchTheContract() {
        Config c = Config.defaults();
        assertEquals(8000, c.port());
        assertEquals(Path.of("./data"), c.dataDir());
        assertEquals(2, c.maxConcurrentUploads());
        assertEquals(Duration.ofHours(24), c.uploadExpiration());
        assertEquals(Optional.empty(), c.uploadToken());
    }

    @Test
    void environmentVariablesUseTheSeedsNamesAndSizesTakeSuffixes() throws ConfigException {
        Config c = Config.parse(Map.of("MAX_UPLOAD_SIZE", "5368709120", "IO_BUFFER_SIZE", "32K", "MAX_MEMORY_MB", "800",
                "MEMORY_PRESSURE_THRESHOLD", "0.7", "THERMAL_THRESHOLD_C", "70", "AUTH", "none"), new String[0]);
        assertEquals(5L << 30, c.maxUploadSize());
        assertEquals(32 << 10, c.ioBufferSize());
        assertEquals(Optional.of(800L << 20), c.maxMemoryBytes());
        assertEquals(0.7, c.memoryPressureThreshold());
        assertFalse(c.authEnabled());
    }

    @Test
    void flagsOverrideTheEnvironment() throws ConfigException {
        Config c = Config.parse(Map.of("PORT", "9000"), new String[] {"--port=9100", "--data-dir", "/srv/sermons"});
        assertEquals(9100, c.port());
        assertEquals(Path.of("/srv/sermons"), c.dataDir());
    }

    @Test
    void badValuesNameTheVariableTheValueAndWhatIsAllowed() {
        assertEquals("PORT=eighty is not allowed: allowed a whole number from 0 to 65535", error(Map.of("PORT", "eighty")));
        assertEquals("MAX_CONCURRENT_UPLOADS=0 is not allowed: allowed a whole number from 1 to 64",
                error(Map.of("MAX_CONCURRENT_UPLOADS", "0")));
        assertEquals("AUTH=off is not allowed: allowed token or none", error(Map.of("AUTH", "off")));
        assertEquals("UPLOAD_EXPIRATION=soon is not allowed: allowed a duration from PT1M to PT8760H such as 500ms, 30s,"
                + " 15m, 24h or 7d", error(Map.of("UPLOAD_EXPIRATION", "soon")));
        assertEquals("UPLOAD_TOKEN has 5 characters: allowed 16-256 of A-Z a-z 0-9 . _ ~ -",
                error(Map.of("UPLOAD_TOKEN", "short")));
    }

    @Test
    void unknownFlagsListTheAllowedOnes() {
        String message = error(Map.of(), "--prot=1");
        assertEquals("unknown flag --prot: allowed ", message.substring(0, 29));
    }

    @Test
    void aBadWebhookUrlIsRefusedWithoutPrintingIt() {
        assertEquals("DISCORD_WEBHOOK_URL is not an http(s) URL with a host (value not shown: it is a secret)",
                error(Map.of("DISCORD_WEBHOOK_URL", "ftp://x/secret-token")));
    }

    @Test
    void minioEndpointAsHostAndPortTakesItsSchemeFromMinioSecure() throws ConfigException {
        S3Settings s3 = Config.parse(Map.of("MINIO_ENDPOINT", "192.168.1.10:9000", "MINIO_ACCESS_KEY", "access",
                "MINIO_SECRET_KEY", "secret-key", "MINIO_SECURE", "true"), new String[0]).s3().orElseThrow();
        assertEquals("https://192.168.1.10:9000", s3.endpoint().toString());
        assertEquals("sermons", s3.bucket());
    }

    @Test
    void minioEndpointWithoutKeysIsRefused() {
        assertEquals("S3_ACCESS_KEY is empty: it is required with S3_ENDPOINT",
                error(Map.of("MINIO_ENDPOINT", "http://minio:9000")));
    }

    @Test
    void minioEndpointWithAPathIsRefused() {
        assertEquals("S3_ENDPOINT=http://minio:9000/x is not allowed: allowed host:port (e.g. 192.168.1.10:9000)"
                + " or an http(s) URL with no path, user or query",
                error(Map.of("MINIO_ENDPOINT", "http://minio:9000/x", "MINIO_ACCESS_KEY", "a", "MINIO_SECRET_KEY", "s")));
    }

    @Test
    void aBadBucketNameIsRefusedWithTheRules() {
        assertEquals("S3_BUCKET=Sermons is not allowed: allowed 3-63 of a-z 0-9 . -, starting and ending with a"
                + " letter or digit", error(Map.of("MINIO_ENDPOINT", "minio:9000", "MINIO_ACCESS_KEY", "a",
                        "MINIO_SECRET_KEY", "s", "MINIO_BUCKET", "Sermons")));
    }

    @Test
    void theSecretKeyNeverShowsInTheSettingsText() throws ConfigException {
        Config c = Config.parse(Map.of("MINIO_ENDPOINT", "minio:9000", "MINIO_ACCESS_KEY", "access-id",
                "MINIO_SECRET_KEY", "very-secret-key"), new String[0]);
        assertFalse(c.toString().contains("very-secret-key"), c.toString());
        assertFalse(c.toString().contains("access-id"), c.toString());
    }

    @Test
    void secretsAreRefusedAsFlagsWhichEveryLocalUserCanReadInPs() {
        for (String flag : new String[] {"--upload-token=abcdefghijklmnop1234", "--minio-secret-key=x",
            "--discord-webhook-url=https://example.org/x"}) {
            ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(Map.of(), new String[] {flag}));
            assertTrue(e.getMessage().contains("secret"), e.getMessage());
            assertFalse(e.getMessage().contains(flag.substring(flag.indexOf('=') + 1)), e.getMessage());
        }
    }

    @Test
    void toStringShowsNoSecret() throws Exception {
        Config c = Config.parse(Map.of("UPLOAD_TOKEN", "abcdefghijklmnop1234", "DISCORD_WEBHOOK_URL",
                "https://discord.example/api/webhooks/1/hook-secret", "MINIO_ENDPOINT", "127.0.0.1:9000",
                "MINIO_ACCESS_KEY", "access-key-value", "MINIO_SECRET_KEY", "secret-key-value"), new String[0]);
        String text = c.toString();
        for (String secret : new String[] {"abcdefghijklmnop1234", "hook-secret", "access-key-value", "secret-key-value"}) {
            assertFalse(text.contains(secret), text);
        }
        assertTrue(text.contains("uploadToken=(set)"), text);
    }

    @Test
    void aHostPortObjectStoreIsReachedOverHttpsByDefault() throws Exception {
        Config c = Config.parse(Map.of("MINIO_ENDPOINT", "store.lan:9000", "MINIO_ACCESS_KEY", "a", "MINIO_SECRET_KEY",
                "b"), new String[0]);
        assertEquals("https", c.s3().orElseThrow().endpoint().getScheme());
    }

    @Test
    void theS3NameWinsOverItsMinioAlias() throws ConfigException {
        S3Settings s3 = Config.parse(Map.of("S3_ENDPOINT", "https://store.lan", "MINIO_ENDPOINT", "http://old.lan:9000",
                "S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s"), new String[0]).s3().orElseThrow();
        assertEquals("https://store.lan", s3.endpoint().toString());
    }

    @Test
    void addressingIsVirtualHostedForAwsAndPathStyleElsewhereUnlessSet() throws ConfigException {
        Map<String, String> keys = Map.of("S3_ACCESS_KEY", "a", "S3_SECRET_KEY", "s");
        java.util.function.Function<Map<String, String>, S3Settings> parse = extra -> {
            Map<String, String> env = new java.util.HashMap<>(keys);
            env.putAll(extra);
            try {
                return Config.parse(env, new String[0]).s3().orElseThrow();
            } catch (ConfigException e) {
                throw new IllegalStateException(e);
            }
        };
        assertFalse(parse.apply(Map.of("S3_ENDPOINT", "https://s3.eu-central-1.amazonaws.com")).pathStyle());
        assertTrue(parse.apply(Map.of("S3_ENDPOINT", "https://garage.lan:3900")).pathStyle());
        assertTrue(parse.apply(Map.of("S3_ENDPOINT", "https://s3.amazonaws.com", "S3_ADDRESSING", "path")).pathStyle());
    }

    @Test
    void aBadRegionIsRefusedNamingWhatIsAllowed() {
        assertEquals("S3_REGION=Europe West is not allowed: allowed a region name such as us-east-1 or eu-central-1"
                + " (1-32 of a-z 0-9 -)", error(Map.of("S3_ENDPOINT", "https://store.lan", "S3_ACCESS_KEY", "a",
                        "S3_SECRET_KEY", "s", "S3_REGION", "Europe West")));
    }

    @Test
    void theSecretKeyIsRefusedAsAFlagUnderItsAliasToo() {
        ConfigException e = assertThrows(ConfigException.class, () -> Config.parse(Map.of(),
                new String[] {"--minio-secret-key=s"}));
        assertTrue(e.getMessage().contains("is a secret"), e.getMessage());
    }
}
