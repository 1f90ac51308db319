package io.rtml.inference.runtime;

import sun.misc.Unsafe;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The heap bytes an object graph occupies, measured from the running JVM's own layout: each object's size is
 * where its last field ends (the field offsets HotSpot reports through {@link Unsafe#objectFieldOffset}),
 * rounded up to the 8-byte object alignment; an array's size is its base offset plus its length times the
 * element size. Every object reachable through instance fields is counted once. What a model shares with
 * the rest of the JVM is left out: classes, class loaders, threads, enum constants and the referents of
 * {@link java.lang.ref.Reference}s.
 *
 * <p>Why not the heap delta of a load: other threads allocate and the collector runs meanwhile, so it
 * differs run to run; the graph walk is the same number for the same model every time, which a budget
 * needs. {@code ObjectGraphSizeTest} checks it against the retained heap the collector reports.
 *
 * <p>{@code sun.misc.Unsafe} (module {@code jdk.unsupported}) reads fields of JDK classes such as
 * {@code HashMap} that reflection may not open under the module system; only reads, never writes.
 */
public final class ObjectGraphSize {

    private static final Unsafe UNSAFE = unsafe();
    private static final int REFERENCE = UNSAFE.arrayIndexScale(Object[].class);
    /** Mark word plus class pointer: an array's base offset less its 4-byte length. */
    private static final int HEADER = UNSAFE.arrayBaseOffset(byte[].class) - 4;
    private static final int ALIGNMENT = 8;
    private static final Map<Class<?>, Layout> LAYOUTS = new ConcurrentHashMap<>();

    private ObjectGraphSize() {
    }

    /** One class's instance size and the reference fields to follow. */
    private record Layout(long shallowBytes, List<Field> references, boolean viaUnsafe, long[] offsets) {
    }

    /** Bytes of {@code root} and everything it reaches, each object once. */
    public static long of(Object root) {
        if (root == null) {
            return 0;
        }
        IdentityHashMap<Object, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object> pending = new ArrayDeque<>();
        pending.push(root);
        long total = 0;
        while (!pending.isEmpty()) {
            Object o = pending.pop();
            if (seen.put(o, Boolean.TRUE) != null || shared(o)) {
                continue;
            }
            Class<?> type = o.getClass();
            if (type.isArray()) {
                int length = Array.getLength(o);
                Class<?> component = type.getComponentType();
                total += align(UNSAFE.arrayBaseOffset(type) + (long) length * UNSAFE.arrayIndexScale(type));
                if (!component.isPrimitive()) {
                    for (Object element : (Object[]) o) {
                        if (element != null) {
                            pending.push(element);
                        }
                    }
                }
                continue;
            }
            Layout layout = LAYOUTS.computeIfAbsent(type, ObjectGraphSize::layout);
            total += layout.shallowBytes();
            if (o instanceof java.lang.ref.Reference<?>) {
                continue;
            }
            for (int i = 0; i < layout.references().size(); i++) {
                Object next = layout.viaUnsafe() ? UNSAFE.getObject(o, layout.offsets()[i]) : read(layout.references().get(i), o);
                if (next != null) {
                    pending.push(next);
                }
            }
        }
        return total;
    }

    /** The size of one instance of {@code type}, without what it references. */
    public static long shallow(Class<?> type) {
        return LAYOUTS.computeIfAbsent(type, ObjectGraphSize::layout).shallowBytes();
    }

    private static boolean shared(Object o) {
        return o instanceof Class<?> || o instanceof ClassLoader || o instanceof Thread || o instanceof Enum<?>;
    }

    /**
     * Records and hidden classes refuse {@code objectFieldOffset}; their fields are read by reflection
     * (they live in our own or the model library's module, which is open to us) and sized by adding field
     * sizes after the header, which is what HotSpot's layout gives for them up to padding.
     */
    private static Layout layout(Class<?> type) {
        List<Field> fields = new ArrayList<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (!Modifier.isStatic(f.getModifiers())) {
                    fields.add(f);
                }
            }
        }
        List<Field> references = fields.stream().filter(f -> !f.getType().isPrimitive()).toList();
        try {
            long end = HEADER;
            long[] offsets = new long[references.size()];
            for (Field f : fields) {
                end = Math.max(end, UNSAFE.objectFieldOffset(f) + bytes(f.getType()));
            }
            for (int i = 0; i < references.size(); i++) {
                offsets[i] = UNSAFE.objectFieldOffset(references.get(i));
            }
            return new Layout(align(end), references, true, offsets);
        } catch (UnsupportedOperationException recordOrHidden) {
            long end = HEADER;
            List<Field> readable = new ArrayList<>();
            for (Field f : fields) {
                end += bytes(f.getType());
            }
            for (Field f : references) {
                try {
                    f.setAccessible(true);
                    readable.add(f);
                } catch (RuntimeException closed) {
                    // A field we may not read is counted in its owner's size but not followed.
                }
            }
            return new Layout(align(end), List.copyOf(readable), false, new long[0]);
        }
    }

    private static Object read(Field f, Object o) {
        try {
            return f.get(o);
        } catch (IllegalAccessException e) {
            return null;
        }
    }

    private static long bytes(Class<?> type) {
        if (!type.isPrimitive()) {
            return REFERENCE;
        }
        if (type == long.class || type == double.class) {
            return 8;
        }
        if (type == int.class || type == float.class) {
            return 4;
        }
        if (type == short.class || type == char.class) {
            return 2;
        }
        return 1;
    }

    private static long align(long bytes) {
        return (bytes + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    private static Unsafe unsafe() {
        try {
            Field f = Unsafe.class.getDeclaredField("theUnsafe");
            f.setAccessible(true);
            return (Unsafe) f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
