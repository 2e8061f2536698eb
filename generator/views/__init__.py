"""Views: the model turned into pages that templates only loop over.

`base` holds the view types and the context a page is built in; `matrix` lists every page of
one matrix; each other module builds one kind of page or block. Column kinds
(`generator.columns`) make the cells.
"""
