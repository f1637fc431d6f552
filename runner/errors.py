"""Errors the command line turns into exit codes and one-line messages."""


class EnvironmentProblem(Exception):
    """A usage or environment error: exit code 2, one plain sentence with the fix."""


class ChecksFailed(Exception):
    """The job ran but a check failed (unexplained rows, failed tests): exit code 1."""
