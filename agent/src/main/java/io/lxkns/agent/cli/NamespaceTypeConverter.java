package io.lxkns.agent.cli;

import io.lxkns.discovery.model.NamespaceType;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Namespace types by their procfs names, as lsns -t takes them. */
final class NamespaceTypeConverter implements ITypeConverter<NamespaceType> {
    @Override
    public NamespaceType convert(String value) {
        return NamespaceType.ofProcName(value.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new TypeConversionException("unknown namespace type '" + value + "'; valid: "
                        + Arrays.stream(NamespaceType.values()).map(NamespaceType::procName).collect(Collectors.joining(", "))));
    }
}
