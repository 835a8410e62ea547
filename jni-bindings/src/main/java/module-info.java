/**
 * The {@code native} backend (the C++ kernel over JNI, loaded by JavaCPP) and the native tensor
 * allocator, found by {@link java.util.ServiceLoader} from module {@code dev.kaiming4j}.
 */
module dev.kaiming4j.jni {
    requires dev.kaiming4j;
    requires org.bytedeco.javacpp;

    exports dev.kaiming4j.jni;

    provides dev.kaiming4j.spi.BackendProvider with dev.kaiming4j.jni.NativeBackendProvider;
    provides dev.kaiming4j.spi.TensorAllocator with dev.kaiming4j.jni.NativeTensorAllocator;
}
