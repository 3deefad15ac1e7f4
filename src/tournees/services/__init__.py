"""The services of the programme, one subpackage each: parameters, rules, planner, re-planning, documents."""
