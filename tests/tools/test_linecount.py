"""The code-line counter: blanks, comments and docstrings are not code, everything else is."""

from pathlib import Path
from textwrap import dedent

from tools.compare.linecount import code_lines, python_code_lines


def count(source: str) -> int:
    return len(python_code_lines(dedent(source)))


def test_blank_lines_and_comments_are_not_code():
    assert count("# a comment\n\nx = 1\n\n    # indented comment\n") == 1


def test_a_comment_after_code_leaves_the_line_code():
    assert count("x = 1  # why\n") == 1


def test_module_class_and_function_docstrings_are_not_code():
    source = '''
        """Module.

        More.
        """


        class A:
            """Class."""

            def f(self):
                """Function,
                over two lines."""
                return 1
        '''
    assert count(source) == 3  # class, def, return


def test_a_one_line_function_with_its_docstring_is_one_line_of_code():
    assert count('def f(): "doc"\n') == 1


def test_a_string_over_several_lines_that_is_not_a_docstring_is_code_on_every_line():
    source = '''
        QUERY = """
        select 1
        """
        '''
    assert count(source) == 3


def test_a_hash_inside_a_string_is_not_a_comment():
    assert python_code_lines('x = "#"\n"""doc"""\n') == {1}


def test_brackets_and_backslashes_over_several_lines_count_each_line():
    source = """
        total = (1 +
                 2)
        other = 1 + \\
            2
        """
    assert count(source) == 4


def test_an_implicitly_joined_docstring_is_not_code():
    source = """
        def f():
            ("first part "
             "second part")
            return 1
        """
    assert count(source) == 2


def test_template_comments_and_blank_lines_are_not_code(tmp_path: Path):
    template = tmp_path / "page.html"
    template.write_text(
        "{# why #}\n<p>{{ name }}</p>\n\n<!-- html comment -->\n{% if x %}\n{% endif %}\n"
    )
    assert code_lines(template) == {2, 5, 6}


def test_script_comments_are_not_code(tmp_path: Path):
    script = tmp_path / "admin.js"
    script.write_text("// why\nconst x = 1; // trailing\n/* block\n comment */\nx();\n")
    assert code_lines(script) == {2, 5}
