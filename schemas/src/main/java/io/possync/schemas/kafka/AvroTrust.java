package io.possync.schemas.kafka;

import org.apache.avro.specific.SpecificFixed;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12.2 refuses to instantiate classes outside a small trusted set while decoding
 * ({@code SecurityException: Forbidden ...}). We trust exactly our generated types, once per JVM.
 */
final class AvroTrust {

    static final String GENERATED_PACKAGE = "io.possync.schemas.avro.";

    private static volatile boolean installed;

    private AvroTrust() {
    }

    static void install() {
        if (installed) {
            return;
        }
        synchronized (AvroTrust.class) {
            if (!installed) {
                ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                        ClassSecurityValidator.getGlobal(), AvroTrust::isGeneratedType));
                installed = true;
            }
        }
    }

    private static boolean isGeneratedType(Class<?> type) {
        return type.getName().startsWith(GENERATED_PACKAGE)
                && (SpecificRecord.class.isAssignableFrom(type) || type.isEnum()
                || SpecificFixed.class.isAssignableFrom(type));
    }
}
