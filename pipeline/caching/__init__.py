"""What lets a build skip work: file digests trusted by their stat (`digests`), the keys of an
article's and the bundles' inputs (`keys`), each article's last result (`buildcache`) and
each locale's translation memory (`memorycache`), all under .pipeline/cache/.

A damaged or foreign cache file is ignored (the build is then cold), never trusted.
"""
