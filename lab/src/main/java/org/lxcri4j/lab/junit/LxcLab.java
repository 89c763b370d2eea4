package org.lxcri4j.lab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Runs a test class against a lab: the {@link LabSetup} field declares it, {@link LabNode} fields
 * and parameters receive its nodes, a {@link org.lxcri4j.lab.Lab} parameter the lab itself. A
 * failing test's report carries every node's console.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(LabExtension.class)
public @interface LxcLab {

    /** Whether the lab lives for the class or is made for each test. */
    Lifetime lifetime() default Lifetime.PER_CLASS;

    /**
     * With {@link Lifetime#PER_CLASS}: whether every node returns to its initial filesystem, freshly
     * booted, before each test but the first.
     */
    boolean resetBetweenTests() default true;
}
