package io.lxkns.kubectl.render;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.lxkns.support.Terminal;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import org.yaml.snakeyaml.DumperOptions;

/**
 * {@code -o json} and {@code -o yaml}: a command's view object, exact (no text cut or rewritten), and
 * still safe on a terminal: each format's own escapes stand for every character {@link Terminal}
 * would escape, so a reader of the output gets the original text back and a terminal showing it gets
 * no control characters. Fields that are unknown are left out rather than written as null.
 */
public final class Structured {
    private Structured() {}

    public static void json(Object view, PrintWriter out) {
        write(JsonHolder.MAPPER, view, out);
    }

    public static void yaml(Object view, PrintWriter out) {
        write(YamlHolder.MAPPER, view, out);
    }

    private static void write(ObjectMapper mapper, Object view, PrintWriter out) {
        try {
            String text = mapper.writeValueAsString(view);
            out.append(text.endsWith("\n") ? text : text + "\n"); // YAML ends its document with one
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the output", e);
        }
    }

    // Holders, so that a table run loads neither mapper (nor SnakeYAML).
    private static final class JsonHolder {
        static final ObjectMapper MAPPER = configured(new ObjectMapper());

        static {
            MAPPER.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
            // kubectl -o json indents by four spaces, puts no space before a colon, writes {} and [].
            DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                    .withObjectIndenter(new DefaultIndenter("    ", "\n"))
                    .withArrayIndenter(new DefaultIndenter("    ", "\n"))
                    .withSeparators(Separators.createDefaultInstance()
                            .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                            .withObjectEmptySeparator("").withArrayEmptySeparator(""));
            MAPPER.setDefaultPrettyPrinter(printer);
        }
    }

    private static final class YamlHolder {
        static final ObjectMapper MAPPER = configured(new ObjectMapper(yamlFactory()));

        private static YAMLFactory yamlFactory() {
            DumperOptions options = new DumperOptions();
            // Non-ASCII as backslash-u escapes in double quotes: this is what keeps bidirectional overrides,
            // zero-width and C1 characters off the terminal. SnakeYAML escapes C0 controls anyway.
            options.setAllowUnicode(false);
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setSplitLines(false);
            options.setIndent(2);
            return YAMLFactory.builder().dumperOptions(options)
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build();
        }
    }

    private static ObjectMapper configured(ObjectMapper mapper) {
        return mapper.setDefaultPropertyInclusion(JsonInclude.Include.NON_NULL)
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    /**
     * JSON escapes for what a terminal acts on: Jackson escapes C0 controls by itself; DEL, the C1
     * controls and the Unicode format characters that reorder or hide text become backslash-u escapes.
     */
    static final class TerminalSafeEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return Terminal.unsafe(ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
