"""The service's routes, one module per group, each with ``add_routes(app, service)``.

``whosaid.service.app.create_app`` registers them in the order of ``ROUTES`` (which is the
order of the OpenAPI document's paths); a route module never imports the app factory.
"""
