"""quizkit: the question bank of the Kapila 2013 course, and its quizzes and exports."""

__version__ = "0.1.0"
