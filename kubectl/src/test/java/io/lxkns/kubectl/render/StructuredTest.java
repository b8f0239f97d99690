package io.lxkns.kubectl.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;

/** JSON and YAML stay exact and parse back, and carry nothing a terminal would act on. */
class StructuredTest {
    record Sample(String name, String comm, List<String> tags, String absent) {}

    static final String HOSTILE = "a\u001b]0;t\u0007b\u007fc\u009bd\u202ee\u200bf\u2066g grüße\nnext";
    static final Sample SAMPLE = new Sample("shop/web", HOSTILE, List.of("true", "123", "x: y"), null);

    @Test
    void json() throws Exception {
        String out = print(Structured::json);

        assertThat(out).doesNotContain("\u001b", "\u0007", "\u007f", "\u009b", "\u202e", "\u200b", "\u2066")
                .contains("\"name\": \"shop/web\"").doesNotContain("absent");
        assertThat(new ObjectMapper().readValue(out, Sample.class)).isEqualTo(SAMPLE);
    }

    @Test
    void yaml() throws Exception {
        String out = print(Structured::yaml);

        assertThat(out).doesNotContain("\u001b", "\u0007", "\u007f", "\u009b", "\u202e", "\u200b", "\u2066")
                .startsWith("name: shop/web\n").doesNotContain("absent");
        assertThat(new YAMLMapper().readValue(out, Sample.class)).isEqualTo(SAMPLE);
    }

    private static String print(BiConsumer<Object, PrintWriter> format) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        format.accept(SAMPLE, out);
        out.flush();
        return text.toString();
    }
}
