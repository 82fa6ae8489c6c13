package dev.bursar.devnet.junit;

import dev.bursar.devnet.Component;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a test class that talks to the devnet's real peers; the components it names are started once per test JVM
 * and shared by every such class. Test methods receive the running {@link dev.bursar.devnet.Devnet} as a parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("devnet")
@ExtendWith(DevnetExtension.class)
public @interface WithDevnet {

    /** The components this class needs. */
    Component[] value();
}
