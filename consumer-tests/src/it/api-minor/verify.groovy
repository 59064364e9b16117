// The API check ran and compared with the installed baseline (not skipped for a missing one).
def log = new File(basedir, 'build.log').text
assert log.contains('japicmp-maven-plugin') : 'japicmp did not run'
assert !log.contains('Could not resolve dependency') : 'the baseline was not found, so nothing was compared'
return true
