package org.lxcri4j.lab.junit;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.lxcri4j.lab.Lab;
import org.lxcri4j.lab.LabSpec;
import org.lxcri4j.lab.Node;

/**
 * The extension behind {@link LxcLab}: starts the class's lab (once, or for each test), resets it
 * between tests, injects nodes, attaches consoles to failures, and removes the lab through JUnit's
 * store, so it goes even when a callback fails.
 */
public final class LabExtension implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver,
        TestExecutionExceptionHandler {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LabExtension.class);
    private static final String LAB = "lab";
    private static final String USED = "used";
    /** How much of each console a failure report carries. */
    private static final int CONSOLE_TAIL = 8192;

    /** The lab in a store: closed when its context ends. */
    private record Running(Lab lab) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            lab.close();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        LxcLab settings = settings(context);
        if (settings.lifetime() == Lifetime.PER_CLASS) {
            Lab lab = Lab.start(spec(context.getRequiredTestClass()));
            context.getStore(NAMESPACE).put(LAB, new Running(lab));
            context.getStore(NAMESPACE).put(USED, new AtomicBoolean());
            inject(lab, context.getRequiredTestClass(), null);
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        LxcLab settings = settings(context);
        Lab lab;
        if (settings.lifetime() == Lifetime.PER_TEST) {
            lab = Lab.start(spec(context.getRequiredTestClass()));
            context.getStore(NAMESPACE).put(LAB, new Running(lab));
        } else {
            lab = lab(context);
            AtomicBoolean used = context.getStore(NAMESPACE).get(USED, AtomicBoolean.class);
            if (settings.resetBetweenTests() && used != null && used.get()) {
                lab.reset();
            }
        }
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            inject(lab, instance.getClass(), instance);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        AtomicBoolean used = context.getStore(NAMESPACE).get(USED, AtomicBoolean.class);
        if (used != null) {
            used.set(true);
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return type == Lab.class || type == Node.class && parameter.isAnnotated(LabNode.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Lab lab = lab(context);
        if (parameter.getParameter().getType() == Lab.class) {
            return lab;
        }
        String name = parameter.findAnnotation(LabNode.class).orElseThrow().value();
        try {
            return lab.node(name);
        } catch (IllegalArgumentException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Running running = context.getStore(NAMESPACE).get(LAB, Running.class);
        if (running != null) {
            for (Node n : running.lab().nodes()) {
                String console = n.consoleLog();
                String tail = console.length() > CONSOLE_TAIL ? "..." + console.substring(console.length() - CONSOLE_TAIL) : console;
                failure.addSuppressed(new NodeConsoleLog(n.name(), tail));
                context.publishReportEntry("console of node " + n.name(), tail);
            }
        }
        throw failure;
    }

    private static LxcLab settings(ExtensionContext context) {
        return AnnotationSupport.findAnnotation(context.getRequiredTestClass(), LxcLab.class, context.getEnclosingTestClasses())
                .orElseThrow(() -> new ExtensionConfigurationException(context.getRequiredTestClass().getName()
                        + " uses LabExtension without @LxcLab"));
    }

    private static Lab lab(ExtensionContext context) {
        Running running = context.getStore(NAMESPACE).get(LAB, Running.class);
        if (running == null) {
            throw new ExtensionConfigurationException("no lab is running for " + context.getDisplayName());
        }
        return running.lab();
    }

    /** The value of the class's one static {@link LabSetup} field of type {@link LabSpec}. */
    private static LabSpec spec(Class<?> testClass) throws IllegalAccessException {
        List<Field> fields = AnnotationSupport.findAnnotatedFields(testClass, LabSetup.class,
                f -> Modifier.isStatic(f.getModifiers()) && f.getType() == LabSpec.class, HierarchyTraversalMode.BOTTOM_UP);
        if (fields.size() != 1) {
            throw new ExtensionConfigurationException(testClass.getName() + " needs exactly one static LabSpec field with @LabSetup, has "
                    + fields.size());
        }
        Field f = fields.getFirst();
        f.setAccessible(true);
        Object spec = f.get(null);
        if (spec == null) {
            throw new ExtensionConfigurationException(testClass.getName() + "." + f.getName() + " is null");
        }
        return (LabSpec) spec;
    }

    /** Sets the {@link LabNode} fields of {@code type}: the static ones when {@code instance} is null. */
    private static void inject(Lab lab, Class<?> type, @Nullable Object instance) throws IllegalAccessException {
        for (Field f : AnnotationSupport.findAnnotatedFields(type, LabNode.class)) {
            if (Modifier.isStatic(f.getModifiers()) != (instance == null)) {
                continue;
            }
            if (f.getType() != Node.class) {
                throw new ExtensionConfigurationException("@LabNode field " + f.getName() + " must be of type Node");
            }
            f.setAccessible(true);
            try {
                f.set(instance, lab.node(f.getAnnotation(LabNode.class).value()));
            } catch (IllegalArgumentException e) {
                throw new ExtensionConfigurationException("@LabNode field " + f.getName() + ": " + e.getMessage(), e);
            }
        }
    }
}
