package org.lxcri4j.lab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** A {@link org.lxcri4j.lab.Node} field or parameter that receives the lab's node of this name. */
@Documented
@Target({ElementType.FIELD, ElementType.PARAMETER})
@Retention(RetentionPolicy.RUNTIME)
public @interface LabNode {

    /** The node's name in the lab spec. */
    String value();
}
