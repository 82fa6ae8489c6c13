package dev.bursar.devnet.junit;

import dev.bursar.devnet.Component;
import dev.bursar.devnet.Devnet;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.EnumSet;
import java.util.Set;

/**
 * Shares one {@link Devnet} across the whole test run of a JVM: started lazily with the components each
 * {@link WithDevnet} class asks for, and stopped when the run ends (JUnit closes the root store), so no peer outlives
 * the tests.
 */
public final class DevnetExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DevnetExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        devnet(context).ensure(components(context));
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Devnet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return devnet(context).ensure(components(context));
    }

    private static Devnet devnet(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE)
                .computeIfAbsent(SharedDevnet.class, k -> new SharedDevnet(Devnet.builder().build()), SharedDevnet.class)
                .devnet();
    }

    private static Set<Component> components(ExtensionContext context) {
        Set<Component> components = EnumSet.noneOf(Component.class);
        context.getTestClass()
                .map(c -> c.getAnnotation(WithDevnet.class))
                .ifPresent(a -> components.addAll(Set.of(a.value())));
        return components;
    }

    /** Closes the shared devnet when JUnit closes the root store at the end of the run. */
    private record SharedDevnet(Devnet devnet) implements AutoCloseable {
        @Override
        public void close() {
            devnet.close();
        }
    }
}
