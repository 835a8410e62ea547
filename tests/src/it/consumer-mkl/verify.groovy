// The MKL artifact: api, mkl, JavaCPP and org.bytedeco:mkl with its platform and redist jars.
def cp = new File(basedir, 'classpath.txt').text.trim().split(File.pathSeparator).collect { new File(it) }
println "consumer of kaiming4j-mkl: ${cp.size()} jar(s), ${cp.sum { it.length() }} bytes: ${cp*.name}"
assert cp.every { it.isFile() } : "not resolved: ${cp}"
assert cp.any { it.name.startsWith('kaiming4j-mkl-') } : "no kaiming4j-mkl: ${cp*.name}"
def mkl = cp.findAll { it.path.replace('\\', '/').contains('/org/bytedeco/mkl/') }*.name
for (classifier in ['', '-linux-x86_64', '-linux-x86_64-redist']) {
    assert mkl.any { it ==~ /mkl-[0-9.]+-[0-9.]+${classifier}\.jar/ } : "no org.bytedeco:mkl${classifier} jar: ${mkl}"
}
