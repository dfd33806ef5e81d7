"""The site: docs/ built with MkDocs and Material in Simplified (:mod:`.build`) and, converted, in
Traditional (:mod:`.hant`); search cut into words the same way in both scripts (:mod:`.search`); the
hooks mkdocs.yml names (:mod:`.hooks`)."""
