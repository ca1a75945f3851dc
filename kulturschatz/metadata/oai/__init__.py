"""OAI-PMH 2.0 repository of the published objects, in oai_dc and LIDO.

- ``protocol``: the pure part, argument checks, datestamps, setSpecs and
  resumption tokens;
- ``repository``: what the repository holds (published objects, objects that
  were public once and deleted records), their datestamps and sets, paged by
  keyset;
- ``responses``: the XML of each verb and of errors;
- ``views``: the endpoint at ``/oai`` (GET and POST).
"""
