"""/draw's features, one module each: the canvas and what the models read (canvas), the models on offer and the
learner's saved ones (models), the default models (default_models), the gallery (gallery) and teaching a model the
learner's handwriting (teaching); state names every session key they keep."""
