// The build failed (invoker.properties); it must have failed for the removed method, found by japicmp.
def log = new File(basedir, 'build.log').text
assert log.contains('japicmp') : 'japicmp did not run'
assert log =~ /(?s)removed\(\).*|(?s)METHOD_REMOVED/ : 'the failure does not name the removed method'
return true
