DROP TABLE IF EXISTS `vigil`.metric_rollup_1h;

DROP TABLE IF EXISTS `vigil`.`metric_rollup_1h`;
