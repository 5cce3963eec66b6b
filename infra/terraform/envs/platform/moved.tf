# The modules used to be called from this root directly; since the platform module took over the
# wiring they live one level down. These blocks let an existing state follow without destroying
# anything (terraform plan shows "has moved to"). A fresh state ignores them.

moved {
  from = module.network
  to   = module.platform.module.network
}

moved {
  from = module.rds
  to   = module.platform.module.rds
}

moved {
  from = module.eks
  to   = module.platform.module.eks
}

moved {
  from = module.cache
  to   = module.platform.module.cache
}

moved {
  from = module.secrets
  to   = module.platform.module.secrets
}

moved {
  from = module.waf
  to   = module.platform.module.waf
}

moved {
  from = module.observability
  to   = module.platform.module.observability
}
