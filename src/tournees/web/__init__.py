"""The planners' web application (``tournees serve``): the same database, planners and documents as the command line."""
