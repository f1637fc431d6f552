-- Core tables: countries, roles, global settings, offices and their addresses, users with their
-- settings, office membership and Django groups/permissions.
-- Salts 20001-20899; phone salts 20900, 20910, 20920, 20930 (synthetic.phone uses salt+1..+3).
--
-- Injected anomalies (docs/synthetic-anomalies.md):
--   #7  auth_user missing_email (NULL or ''), auth_user no_usersetting;
--   #12 dispatch_usersetting.preferences python_repr / empty_string;
--   #13 auth_user case_duplicate_email (groups of 2-3, every member recorded);
--   #14 free-text phones in dispatch_address.phone, dispatch_office.phone/fax,
--       dispatch_usersetting.phone (every non-empty value recorded with its E.164 form);
--   #19 dispatch_office deactivated by a bulk update that left modified unchanged.

-- dispatch_country: the 249 ISO 3166-1 countries; only a few can be selected in forms.
insert into dispatch_country (id, code, name, phone_prefix, is_active)
select row_number() over (order by code), code, name, phone_prefix, is_active
from (values
('AD', 'Andorra', '+376', false), ('AE', 'United Arab Emirates', '+971', true),
('AF', 'Afghanistan', '+93', false), ('AG', 'Antigua & Barbuda', '+1', false),
('AI', 'Anguilla', '+1', false), ('AL', 'Albania', '+355', false),
('AM', 'Armenia', '+374', false), ('AO', 'Angola', '+244', false),
('AQ', 'Antarctica', '+672', false), ('AR', 'Argentina', '+54', true),
('AS', 'American Samoa', '+1', false), ('AT', 'Austria', '+43', false),
('AU', 'Australia', '+61', true), ('AW', 'Aruba', '+297', false),
('AX', 'Åland Islands', '+358', false), ('AZ', 'Azerbaijan', '+994', false),
('BA', 'Bosnia & Herzegovina', '+387', false), ('BB', 'Barbados', '+1', false),
('BD', 'Bangladesh', '+880', false), ('BE', 'Belgium', '+32', false),
('BF', 'Burkina Faso', '+226', false), ('BG', 'Bulgaria', '+359', false),
('BH', 'Bahrain', '+973', false), ('BI', 'Burundi', '+257', false), ('BJ', 'Benin', '+229', false),
('BL', 'St Barthelemy', '+590', false), ('BM', 'Bermuda', '+1', false),
('BN', 'Brunei', '+673', false), ('BO', 'Bolivia', '+591', false),
('BQ', 'Caribbean Netherlands', '+599', false), ('BR', 'Brazil', '+55', true),
('BS', 'Bahamas', '+1', false), ('BT', 'Bhutan', '+975', false),
('BV', 'Bouvet Island', '', false), ('BW', 'Botswana', '+267', false),
('BY', 'Belarus', '+375', false), ('BZ', 'Belize', '+501', false), ('CA', 'Canada', '+1', true),
('CC', 'Cocos (Keeling) Islands', '+61', false), ('CD', 'Congo (Dem. Rep.)', '+243', false),
('CF', 'Central African Republic', '+236', false), ('CG', 'Congo (Rep.)', '+242', false),
('CH', 'Switzerland', '+41', true), ('CI', 'Côte d''Ivoire', '+225', false),
('CK', 'Cook Islands', '+682', false), ('CL', 'Chile', '+56', true),
('CM', 'Cameroon', '+237', false), ('CN', 'China', '+86', false), ('CO', 'Colombia', '+57', true),
('CR', 'Costa Rica', '+506', false), ('CU', 'Cuba', '+53', false),
('CV', 'Cape Verde', '+238', false), ('CW', 'Curaçao', '+599', false),
('CX', 'Christmas Island', '+61', false), ('CY', 'Cyprus', '+357', false),
('CZ', 'Czech Republic', '+420', false), ('DE', 'Germany', '+49', true),
('DJ', 'Djibouti', '+253', false), ('DK', 'Denmark', '+45', false),
('DM', 'Dominica', '+1', false), ('DO', 'Dominican Republic', '+1', false),
('DZ', 'Algeria', '+213', false), ('EC', 'Ecuador', '+593', false),
('EE', 'Estonia', '+372', false), ('EG', 'Egypt', '+20', false),
('EH', 'Western Sahara', '+212', false), ('ER', 'Eritrea', '+291', false),
('ES', 'Spain', '+34', true), ('ET', 'Ethiopia', '+251', false), ('FI', 'Finland', '+358', false),
('FJ', 'Fiji', '+679', false), ('FK', 'Falkland Islands', '+500', false),
('FM', 'Micronesia', '+691', false), ('FO', 'Faroe Islands', '+298', false),
('FR', 'France', '+33', true), ('GA', 'Gabon', '+241', false),
('GB', 'United Kingdom', '+44', true), ('GD', 'Grenada', '+1', false),
('GE', 'Georgia', '+995', false), ('GF', 'French Guiana', '+594', false),
('GG', 'Guernsey', '+44', false), ('GH', 'Ghana', '+233', false),
('GI', 'Gibraltar', '+350', false), ('GL', 'Greenland', '+299', false),
('GM', 'Gambia', '+220', false), ('GN', 'Guinea', '+224', false),
('GP', 'Guadeloupe', '+590', false), ('GQ', 'Equatorial Guinea', '+240', false),
('GR', 'Greece', '+30', false), ('GS', 'South Georgia & the South Sandwich Islands', '', false),
('GT', 'Guatemala', '+502', false), ('GU', 'Guam', '+1', false),
('GW', 'Guinea-Bissau', '+245', false), ('GY', 'Guyana', '+592', false),
('HK', 'Hong Kong', '+852', false), ('HM', 'Heard Island & McDonald Islands', '', false),
('HN', 'Honduras', '+504', false), ('HR', 'Croatia', '+385', false),
('HT', 'Haiti', '+509', false), ('HU', 'Hungary', '+36', false), ('ID', 'Indonesia', '+62', false),
('IE', 'Ireland', '+353', true), ('IL', 'Israel', '+972', true),
('IM', 'Isle of Man', '+44', false), ('IN', 'India', '+91', false),
('IO', 'British Indian Ocean Territory', '+246', false), ('IQ', 'Iraq', '+964', false),
('IR', 'Iran', '+98', false), ('IS', 'Iceland', '+354', false), ('IT', 'Italy', '+39', true),
('JE', 'Jersey', '+44', false), ('JM', 'Jamaica', '+1', false), ('JO', 'Jordan', '+962', false),
('JP', 'Japan', '+81', true), ('KE', 'Kenya', '+254', false), ('KG', 'Kyrgyzstan', '+996', false),
('KH', 'Cambodia', '+855', false), ('KI', 'Kiribati', '+686', false),
('KM', 'Comoros', '+269', false), ('KN', 'St Kitts & Nevis', '+1', false),
('KP', 'North Korea', '+850', false), ('KR', 'South Korea', '+82', true),
('KW', 'Kuwait', '+965', false), ('KY', 'Cayman Islands', '+1', false),
('KZ', 'Kazakhstan', '+7', false), ('LA', 'Laos', '+856', false), ('LB', 'Lebanon', '+961', false),
('LC', 'St Lucia', '+1', false), ('LI', 'Liechtenstein', '+423', false),
('LK', 'Sri Lanka', '+94', false), ('LR', 'Liberia', '+231', false),
('LS', 'Lesotho', '+266', false), ('LT', 'Lithuania', '+370', false),
('LU', 'Luxembourg', '+352', false), ('LV', 'Latvia', '+371', false),
('LY', 'Libya', '+218', false), ('MA', 'Morocco', '+212', false), ('MC', 'Monaco', '+377', false),
('MD', 'Moldova', '+373', false), ('ME', 'Montenegro', '+382', false),
('MF', 'St Martin (French)', '+590', false), ('MG', 'Madagascar', '+261', false),
('MH', 'Marshall Islands', '+692', false), ('MK', 'North Macedonia', '+389', false),
('ML', 'Mali', '+223', false), ('MM', 'Myanmar', '+95', false), ('MN', 'Mongolia', '+976', false),
('MO', 'Macau', '+853', false), ('MP', 'Northern Mariana Islands', '+1', false),
('MQ', 'Martinique', '+596', false), ('MR', 'Mauritania', '+222', false),
('MS', 'Montserrat', '+1', false), ('MT', 'Malta', '+356', false),
('MU', 'Mauritius', '+230', false), ('MV', 'Maldives', '+960', false),
('MW', 'Malawi', '+265', false), ('MX', 'Mexico', '+52', true), ('MY', 'Malaysia', '+60', false),
('MZ', 'Mozambique', '+258', false), ('NA', 'Namibia', '+264', false),
('NC', 'New Caledonia', '+687', false), ('NE', 'Niger', '+227', false),
('NF', 'Norfolk Island', '+672', false), ('NG', 'Nigeria', '+234', false),
('NI', 'Nicaragua', '+505', false), ('NL', 'Netherlands', '+31', true),
('NO', 'Norway', '+47', false), ('NP', 'Nepal', '+977', false), ('NR', 'Nauru', '+674', false),
('NU', 'Niue', '+683', false), ('NZ', 'New Zealand', '+64', true), ('OM', 'Oman', '+968', false),
('PA', 'Panama', '+507', false), ('PE', 'Peru', '+51', false),
('PF', 'French Polynesia', '+689', false), ('PG', 'Papua New Guinea', '+675', false),
('PH', 'Philippines', '+63', false), ('PK', 'Pakistan', '+92', false),
('PL', 'Poland', '+48', false), ('PM', 'St Pierre & Miquelon', '+508', false),
('PN', 'Pitcairn', '+64', false), ('PR', 'Puerto Rico', '+1', true),
('PS', 'Palestine', '+970', false), ('PT', 'Portugal', '+351', false),
('PW', 'Palau', '+680', false), ('PY', 'Paraguay', '+595', false), ('QA', 'Qatar', '+974', false),
('RE', 'Réunion', '+262', false), ('RO', 'Romania', '+40', false), ('RS', 'Serbia', '+381', false),
('RU', 'Russia', '+7', false), ('RW', 'Rwanda', '+250', false),
('SA', 'Saudi Arabia', '+966', false), ('SB', 'Solomon Islands', '+677', false),
('SC', 'Seychelles', '+248', false), ('SD', 'Sudan', '+249', false),
('SE', 'Sweden', '+46', false), ('SG', 'Singapore', '+65', false),
('SH', 'St Helena', '+290', false), ('SI', 'Slovenia', '+386', false),
('SJ', 'Svalbard & Jan Mayen', '+47', false), ('SK', 'Slovakia', '+421', false),
('SL', 'Sierra Leone', '+232', false), ('SM', 'San Marino', '+378', false),
('SN', 'Senegal', '+221', false), ('SO', 'Somalia', '+252', false),
('SR', 'Suriname', '+597', false), ('SS', 'South Sudan', '+211', false),
('ST', 'Sao Tome & Principe', '+239', false), ('SV', 'El Salvador', '+503', false),
('SX', 'St Maarten (Dutch)', '+1', false), ('SY', 'Syria', '+963', false),
('SZ', 'Eswatini', '+268', false), ('TC', 'Turks & Caicos Islands', '+1', false),
('TD', 'Chad', '+235', false), ('TF', 'French Southern Territories', '', false),
('TG', 'Togo', '+228', false), ('TH', 'Thailand', '+66', false),
('TJ', 'Tajikistan', '+992', false), ('TK', 'Tokelau', '+690', false),
('TL', 'East Timor', '+670', false), ('TM', 'Turkmenistan', '+993', false),
('TN', 'Tunisia', '+216', false), ('TO', 'Tonga', '+676', false), ('TR', 'Turkey', '+90', false),
('TT', 'Trinidad & Tobago', '+1', false), ('TV', 'Tuvalu', '+688', false),
('TW', 'Taiwan', '+886', false), ('TZ', 'Tanzania', '+255', false),
('UA', 'Ukraine', '+380', false), ('UG', 'Uganda', '+256', false),
('UM', 'US Minor Outlying Islands', '+1', false), ('US', 'United States', '+1', true),
('UY', 'Uruguay', '+598', false), ('UZ', 'Uzbekistan', '+998', false),
('VA', 'Vatican City', '+39', false), ('VC', 'St Vincent', '+1', false),
('VE', 'Venezuela', '+58', false), ('VG', 'Virgin Islands (UK)', '+1', false),
('VI', 'Virgin Islands (US)', '+1', false), ('VN', 'Vietnam', '+84', false),
('VU', 'Vanuatu', '+678', false), ('WF', 'Wallis & Futuna', '+681', false),
('WS', 'Samoa', '+685', false), ('YE', 'Yemen', '+967', false), ('YT', 'Mayotte', '+262', false),
('ZA', 'South Africa', '+27', false), ('ZM', 'Zambia', '+260', false),
('ZW', 'Zimbabwe', '+263', false)
) as c (code, name, phone_prefix, is_active);

-- dispatch_role: 48 business roles; lab roles have is_staff_role = true.
insert into dispatch_role (id, name, slug, description, is_staff_role, sort_order, created)
select ord, name, slug,
       case when synthetic.u(20001, ord) < 0.3 then ''
            else name || case when is_staff then ' (lab)' else ' (office)' end || ' role.' end,
       is_staff, (ord * 10)::smallint,
       case when ord <= 40 then synthetic.epoch_start() + make_interval(mins => ord::int)
            else synthetic.at_frac(0.25 + 0.05 * (ord - 40)) end
from (values
    ('Administrator', 'administrator', true), ('Lab manager', 'lab-manager', true),
    ('Production manager', 'production-manager', true), ('Scan technician', 'scan-technician', true),
    ('Segmentation technician', 'segmentation-technician', true),
    ('Setup technician', 'setup-technician', true),
    ('Senior setup technician', 'senior-setup-technician', true),
    ('QC technician', 'qc-technician', true), ('QC lead', 'qc-lead', true),
    ('Print technician', 'print-technician', true),
    ('Thermoforming technician', 'thermoforming-technician', true),
    ('Trimming technician', 'trimming-technician', true),
    ('Polishing technician', 'polishing-technician', true), ('Packing', 'packing', true),
    ('Shipping clerk', 'shipping-clerk', true), ('Receiving clerk', 'receiving-clerk', true),
    ('Customer support', 'customer-support', true), ('Support lead', 'support-lead', true),
    ('Billing clerk', 'billing-clerk', true), ('Accountant', 'accountant', true),
    ('Clinical advisor', 'clinical-advisor', true),
    ('Orthodontic consultant', 'orthodontic-consultant', true),
    ('Treatment planner', 'treatment-planner', true),
    ('Indirect bonding technician', 'ibt-technician', true),
    ('Retainer technician', 'retainer-technician', true), ('Model technician', 'model-technician', true),
    ('Sales representative', 'sales-representative', true), ('Marketing', 'marketing', true),
    ('IT support', 'it-support', true), ('Developer', 'developer', true),
    ('Data entry', 'data-entry', true), ('Trainer', 'trainer', true),
    ('Technician (legacy)', 'legacy-technician', true), ('QC (legacy)', 'legacy-qc', true),
    ('Doctor', 'doctor', false), ('Orthodontist', 'orthodontist', false),
    ('General dentist', 'general-dentist', false), ('Associate doctor', 'associate-doctor', false),
    ('Assistant', 'assistant', false), ('Office manager', 'office-manager', false),
    ('Front desk', 'front-desk', false), ('Treatment coordinator', 'treatment-coordinator', false),
    ('Hygienist', 'hygienist', false), ('Office billing', 'office-billing', false),
    ('Scanner operator', 'scanner-operator', false),
    ('Office administrator', 'office-admin', false), ('Read only (office)', 'read-only', false),
    ('DSO regional manager', 'dso-manager', false)
) with ordinality as r (name, slug, is_staff, ord)
where ord <= synthetic.n('dispatch_role');

-- dispatch_role_permissions: distinct (role, permission) pairs, lab roles hold more of them.
insert into dispatch_role_permissions (id, role_id, permission_id)
select row_number() over (order by role_id, permission_id), role_id, permission_id
from (
    select r.id as role_id, p.id as permission_id
    from dispatch_role as r cross join auth_permission as p
    order by synthetic.u(20002, r.id * 100000 + p.id) * case when r.is_staff_role then 1.0 else 6.0 end,
             r.id, p.id
    limit synthetic.n('dispatch_role_permissions')
) as pairs;

-- dispatch_product_roles: which technician roles may work cases of each product
-- (products 1..n belong to the other generator half; referenced by id only).
insert into dispatch_product_roles (id, product_id, role_id)
select row_number() over (order by product_id, role_id), product_id, role_id
from (
    select p as product_id, r.id as role_id
    from generate_series(1, synthetic.n('dispatch_product')) as p
    cross join dispatch_role as r
    where r.slug in ('scan-technician', 'segmentation-technician', 'setup-technician',
                     'senior-setup-technician', 'qc-technician', 'print-technician',
                     'thermoforming-technician', 'trimming-technician', 'ibt-technician',
                     'retainer-technician', 'model-technician', 'treatment-planner')
    order by synthetic.u(20003, p * 1000 + r.id), p, r.id
    limit synthetic.n('dispatch_product_roles')
) as pairs;

-- dispatch_globalsetting: 5 key/value rows, some plain strings, some JSON.
insert into dispatch_globalsetting (id, key, value, description, modified)
select ord, key, value, description, synthetic.at_frac(frac)
from (values
    ('site_name', 'Aligner Lab Dispatch', 'Name shown in e-mails and page titles', 0.02),
    ('default_turnaround_days', '10', 'Business days from records approval to shipping', 0.41),
    ('maintenance_mode', 'false', '', 0.77),
    ('shipping_cutoff', '{"hour": 15, "minute": 30, "tz": "America/New_York"}',
     'Orders approved after this time ship the next business day', 0.63),
    ('invoice_settings', '{"due_days": 30, "footer": "Thank you for your business.", "tax_rate": 0.0}',
     'Invoice defaults', 0.88)
) with ordinality as g (key, value, description, frac, ord)
where ord <= synthetic.n('dispatch_globalsetting');

-- cities used for offices and addresses; New York area first (the lab is in New York and most
-- customers are nearby). Canada appears only after 2016 (pre-2016 addresses have no country and
-- mean US).
create temp table core_city on commit drop as
select ord::int as k, city, state_code, state_name, zip_prefix, country
from (values
    ('New York', 'NY', 'New York', '100', 'US'), ('Brooklyn', 'NY', 'New York', '112', 'US'),
    ('Jersey City', 'NJ', 'New Jersey', '073', 'US'), ('Hoboken', 'NJ', 'New Jersey', '070', 'US'),
    ('Newark', 'NJ', 'New Jersey', '071', 'US'), ('White Plains', 'NY', 'New York', '106', 'US'),
    ('Stamford', 'CT', 'Connecticut', '069', 'US'), ('Philadelphia', 'PA', 'Pennsylvania', '191', 'US'),
    ('Boston', 'MA', 'Massachusetts', '021', 'US'), ('Hartford', 'CT', 'Connecticut', '061', 'US'),
    ('Providence', 'RI', 'Rhode Island', '029', 'US'), ('Baltimore', 'MD', 'Maryland', '212', 'US'),
    ('Bethesda', 'MD', 'Maryland', '208', 'US'), ('Washington', 'DC', 'District of Columbia', '200', 'US'),
    ('Arlington', 'VA', 'Virginia', '222', 'US'), ('Richmond', 'VA', 'Virginia', '232', 'US'),
    ('Pittsburgh', 'PA', 'Pennsylvania', '152', 'US'), ('Buffalo', 'NY', 'New York', '142', 'US'),
    ('Charlotte', 'NC', 'North Carolina', '282', 'US'), ('Raleigh', 'NC', 'North Carolina', '276', 'US'),
    ('Atlanta', 'GA', 'Georgia', '303', 'US'), ('Miami', 'FL', 'Florida', '331', 'US'),
    ('Orlando', 'FL', 'Florida', '328', 'US'), ('Tampa', 'FL', 'Florida', '336', 'US'),
    ('Chicago', 'IL', 'Illinois', '606', 'US'), ('Naperville', 'IL', 'Illinois', '605', 'US'),
    ('Detroit', 'MI', 'Michigan', '482', 'US'), ('Columbus', 'OH', 'Ohio', '432', 'US'),
    ('Cleveland', 'OH', 'Ohio', '441', 'US'), ('Houston', 'TX', 'Texas', '770', 'US'),
    ('Dallas', 'TX', 'Texas', '752', 'US'), ('Austin', 'TX', 'Texas', '787', 'US'),
    ('San Antonio', 'TX', 'Texas', '782', 'US'), ('Phoenix', 'AZ', 'Arizona', '850', 'US'),
    ('Denver', 'CO', 'Colorado', '802', 'US'), ('Salt Lake City', 'UT', 'Utah', '841', 'US'),
    ('Los Angeles', 'CA', 'California', '900', 'US'), ('San Diego', 'CA', 'California', '921', 'US'),
    ('San Jose', 'CA', 'California', '951', 'US'), ('San Francisco', 'CA', 'California', '941', 'US'),
    ('Seattle', 'WA', 'Washington', '981', 'US'), ('Portland', 'OR', 'Oregon', '972', 'US'),
    ('Minneapolis', 'MN', 'Minnesota', '554', 'US'), ('Nashville', 'TN', 'Tennessee', '372', 'US'),
    ('Las Vegas', 'NV', 'Nevada', '891', 'US'),
    ('Toronto', 'ON', 'Ontario', 'M5V', 'CA'), ('Mississauga', 'ON', 'Ontario', 'L5B', 'CA'),
    ('Montreal', 'QC', 'Quebec', 'H3B', 'CA'), ('Vancouver', 'BC', 'British Columbia', 'V6B', 'CA'),
    ('Calgary', 'AB', 'Alberta', 'T2P', 'CA')
) with ordinality as c (city, state_code, state_name, zip_prefix, country, ord);

