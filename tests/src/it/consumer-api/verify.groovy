// The pure-Java API alone: one jar, no native code, no MKL.
def cp = new File(basedir, 'classpath.txt').text.trim().split(File.pathSeparator).collect { new File(it) }
println "consumer of kaiming4j-api: ${cp.size()} jar(s), ${cp.sum { it.length() }} bytes: ${cp*.name}"
assert cp*.name.size() == 1 && cp[0].name.startsWith('kaiming4j-api-') : "expected kaiming4j-api only: ${cp*.name}"
assert cp.every { it.isFile() } : "not resolved: ${cp}"
