// The check every consumer shares (the projects are cloned to target/it/<name>, three levels below).
return evaluate(new File(basedir, '../../../src/it/verify-dependencies.groovy'))
