"""The wheel holds the extension module CMake built: mark it as one, so that
it is tagged for this interpreter and platform rather than as pure Python."""
from setuptools import setup
from setuptools.dist import Distribution


class BinaryDistribution(Distribution):
    def has_ext_modules(self):
        return True


setup(distclass=BinaryDistribution)
