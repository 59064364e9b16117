// Compares the dependencies a consumer project received (deps.txt, written by dependency:list) with the
// ones it expects (expected.txt: groupId:artifactId per line). Run by the Invoker after each consumer build.
def listed = new File(basedir, 'deps.txt').readLines()
        .collect { it.trim() }
        .findAll { it ==~ /[^: ]+:[^: ]+:jar:.*/ }
        .collect { it.split(':')[0..1].join(':') } as SortedSet
def expected = new File(basedir, 'expected.txt').readLines()
        .collect { it.trim() }
        .findAll { it && !it.startsWith('#') } as SortedSet
if (listed != expected) {
    throw new IllegalStateException("${basedir.name}: a consumer received ${listed - expected ?: 'nothing more'} beyond what"
            + " it expects, and lacks ${expected - listed ?: 'nothing'}; it received ${listed}")
}
return true
