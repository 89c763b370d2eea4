package org.lxcri4j.lab.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The static {@link org.lxcri4j.lab.LabSpec} field of an {@link LxcLab} class: what its lab is made of. */
@Documented
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
public @interface LabSetup {
}
