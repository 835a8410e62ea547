// The native artifact: api, jni and JavaCPP, and not a single org.bytedeco:mkl jar.
def cp = new File(basedir, 'classpath.txt').text.trim().split(File.pathSeparator).collect { new File(it) }
println "consumer of kaiming4j-jni: ${cp.size()} jar(s), ${cp.sum { it.length() }} bytes: ${cp*.name}"
assert cp.every { it.isFile() } : "not resolved: ${cp}"
assert cp.any { it.name.startsWith('kaiming4j-jni-') } : "no kaiming4j-jni: ${cp*.name}"
assert cp.any { it.name.startsWith('kaiming4j-api-') } : "no kaiming4j-api: ${cp*.name}"
def mkl = cp.findAll { it.path.replace('\\', '/').contains('/org/bytedeco/mkl/') }
assert mkl.isEmpty() : "kaiming4j-jni brought MKL: ${mkl}"
